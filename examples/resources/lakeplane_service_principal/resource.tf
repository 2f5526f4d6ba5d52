# An identity for automation. Grants and on-behalf-of tokens name it by application_id,
# generated unless given.
resource "lakeplane_service_principal" "deployer" {
  display_name = "ci-deployer"
}

output "deployer_application_id" {
  value = lakeplane_service_principal.deployer.application_id
}
