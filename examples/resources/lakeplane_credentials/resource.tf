# A cross-account IAM role Lakeplane assumes to reach the data plane. Its trust policy must
# require sts:ExternalId = external_id (the Lakeplane account id).
resource "lakeplane_credentials" "this" {
  credentials_name = "prod-crossaccount"
  role_arn         = "arn:aws:iam::123456789012:role/lakeplane-crossaccount"
}

output "trust_policy_external_id" {
  value = lakeplane_credentials.this.external_id
}
