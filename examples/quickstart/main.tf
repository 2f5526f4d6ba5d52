# The quickstart: everything a workspace needs in one account, applied against a local
# lakeplaned. `make demo` applies a copy of it. By hand, with lakeplaned running (`make demo` or
# `make run`), from the repository root (the prefix keeps its names apart from the demo's copy):
#
#   source .lakeplane/env
#   terraform -chdir=examples/quickstart init
#   terraform -chdir=examples/quickstart apply -var prefix=mine
terraform {
  required_version = ">= 1.11"
  required_providers {
    lakeplane = {
      source  = "lakeplane/lakeplane"
      version = "~> 0.1"
    }
  }
}

# host, token and account_id come from LAKEPLANE_HOST, LAKEPLANE_TOKEN and LAKEPLANE_ACCOUNT_ID.
provider "lakeplane" {}

variable "prefix" {
  description = "Prefix of every name, so several quickstarts can share one account."
  type        = string
  default     = "quickstart"
}

variable "aws_account" {
  description = "The AWS account that holds the cross-account role and the bucket."
  type        = string
  default     = "123456789012"
}

# The cross-account IAM role the control plane assumes; its trust policy must require
# the external id that Lakeplane computes (your Lakeplane account id).
resource "lakeplane_credentials" "this" {
  credentials_name = "${var.prefix}-credentials"
  role_arn         = "arn:aws:iam::${var.aws_account}:role/${var.prefix}-crossaccount"
}

resource "lakeplane_storage_configuration" "this" {
  storage_configuration_name = "${var.prefix}-storage"
  bucket_name                = "${var.prefix}-rootbucket"
}

resource "lakeplane_network" "this" {
  network_name       = "${var.prefix}-network"
  vpc_id             = "vpc-0a1b2c3d4e5f60718"
  subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718"]
  security_group_ids = ["sg-0a1b2c3d4e5f60718"]
}

resource "lakeplane_workspace" "this" {
  workspace_name           = "${var.prefix}-workspace"
  aws_region               = "us-east-1"
  credentials_id           = lakeplane_credentials.this.credentials_id
  storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
  network_id               = lakeplane_network.this.network_id
  custom_tags = {
    team = "platform"
  }

  timeouts {
    create = "5m"
  }
}

# A workspace token for the automation that runs inside the workspace.
resource "lakeplane_token" "automation" {
  workspace_id     = lakeplane_workspace.this.workspace_id
  comment          = "quickstart automation"
  lifetime_seconds = 86400
}

output "external_id" {
  description = "Put this in the cross-account role's trust policy (sts:ExternalId)."
  value       = lakeplane_credentials.this.external_id
}

output "workspace_id" {
  value = lakeplane_workspace.this.workspace_id
}

output "workspace_url" {
  value = lakeplane_workspace.this.workspace_url
}

output "workspace_status" {
  value = lakeplane_workspace.this.workspace_status
}

output "automation_token_id" {
  value = lakeplane_token.automation.token_id
}

output "automation_token" {
  value     = lakeplane_token.automation.token_value
  sensitive = true
}
