# One membership each: a user, a service principal and a nested group in one group.
resource "lakeplane_group_member" "alice" {
  group_id  = lakeplane_group.engineers.group_id
  member_id = lakeplane_user.alice.user_id
}

resource "lakeplane_group_member" "deployer" {
  group_id  = lakeplane_group.engineers.group_id
  member_id = lakeplane_service_principal.deployer.service_principal_id
}

resource "lakeplane_group_member" "analysts_in_engineers" {
  group_id  = lakeplane_group.engineers.group_id
  member_id = lakeplane_group.analysts.group_id
}
