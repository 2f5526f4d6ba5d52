data "lakeplane_current_user" "me" {}

output "who_am_i" {
  value = data.lakeplane_current_user.me.user_name
}
