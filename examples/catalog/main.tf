# A governed catalog on a new workspace: the workspace's metastore and its assignment, a
# catalog with two schemas, a table and a volume, S3 access through a storage credential and an
# external location, an analyst user, and the grants on all of it. With lakeplaned running
# (`make demo` or `make run`), from the repository root:
#
#   source .lakeplane/env
#   terraform -chdir=examples/catalog init
#   terraform -chdir=examples/catalog apply
#
# The analyst is created here (lakeplane_user). To grant to a user who already exists instead,
# drop that resource and name the user: -var analyst=bob@example.com (a grant to someone who is
# not a user of the account fails and says how to create one).
terraform {
  required_providers {
    lakeplane = {
      source = "lakeplane/lakeplane"
    }
  }
}

provider "lakeplane" {}

variable "prefix" {
  type        = string
  default     = "governed"
  description = "Prefix of every name, so several copies can live in one account."
}

variable "region" {
  type        = string
  default     = "us-east-2"
  description = "AWS region of the workspace and its metastore (one metastore per region per account)."
}

variable "analyst" {
  type        = string
  default     = "analyst@example.com"
  description = "User name of the analyst who reads the sales data (created below)."
}

# The analyst: a user of the account, seen by every workspace. The grants below reference its
# user_name, so it is created before them and destroyed after them.
resource "lakeplane_user" "analyst" {
  user_name    = var.analyst
  display_name = "Sales analyst"
}

data "lakeplane_current_user" "me" {}

resource "lakeplane_credentials" "this" {
  credentials_name = "${var.prefix}-credentials"
  role_arn         = "arn:aws:iam::123456789012:role/${var.prefix}-crossaccount"
}

resource "lakeplane_storage_configuration" "this" {
  storage_configuration_name = "${var.prefix}-storage"
  bucket_name                = "${var.prefix}-root"
}

resource "lakeplane_workspace" "this" {
  workspace_name           = "${var.prefix}-workspace"
  aws_region               = var.region
  credentials_id           = lakeplane_credentials.this.credentials_id
  storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
}

resource "lakeplane_metastore" "this" {
  name          = "${var.prefix}-metastore"
  region        = var.region
  storage_root  = "s3://${var.prefix}-metastore/root"
  force_destroy = true
}

resource "lakeplane_metastore_assignment" "this" {
  workspace_id = lakeplane_workspace.this.workspace_id
  metastore_id = lakeplane_metastore.this.metastore_id
}

resource "lakeplane_catalog" "sales" {
  workspace_id = lakeplane_metastore_assignment.this.workspace_id
  name         = "sales"
  comment      = "Sales data, curated"
}

resource "lakeplane_schema" "curated" {
  workspace_id = lakeplane_catalog.sales.workspace_id
  catalog_name = lakeplane_catalog.sales.name
  name         = "curated"
}

resource "lakeplane_schema" "raw" {
  workspace_id  = lakeplane_catalog.sales.workspace_id
  catalog_name  = lakeplane_catalog.sales.name
  name          = "raw"
  force_destroy = true # files land here; destroy takes them along
}

resource "lakeplane_table" "orders" {
  workspace_id = lakeplane_schema.curated.workspace_id
  catalog_name = lakeplane_schema.curated.catalog_name
  schema_name  = lakeplane_schema.curated.name
  name         = "orders"

  column {
    name     = "order_id"
    type     = "bigint"
    nullable = false
  }
  column {
    name = "amount"
    type = "decimal(10,2)"
  }
}

resource "lakeplane_volume" "landing" {
  workspace_id = lakeplane_schema.raw.workspace_id
  catalog_name = lakeplane_schema.raw.catalog_name
  schema_name  = lakeplane_schema.raw.name
  name         = "landing"
  volume_type  = "MANAGED"
}

resource "lakeplane_storage_credential" "partner" {
  workspace_id = lakeplane_metastore_assignment.this.workspace_id
  name         = "${var.prefix}-partner"
  aws_iam_role {
    role_arn = "arn:aws:iam::123456789012:role/${var.prefix}-partner-bucket"
  }
}

resource "lakeplane_external_location" "partner" {
  workspace_id    = lakeplane_storage_credential.partner.workspace_id
  name            = "${var.prefix}-partner"
  url             = "s3://${var.prefix}-partner/drop"
  credential_name = lakeplane_storage_credential.partner.name
}

# Authoritative: these are all the grants on the catalog; anything else is revoked (and the plan says so).
resource "lakeplane_grants" "sales" {
  workspace_id = lakeplane_catalog.sales.workspace_id
  catalog      = lakeplane_catalog.sales.name

  grant {
    principal  = lakeplane_user.analyst.user_name
    privileges = ["USE_CATALOG"]
  }
  grant {
    principal  = data.lakeplane_current_user.me.user_name
    privileges = ["ALL_PRIVILEGES", "MANAGE"]
  }
}

# One principal on one securable: other principals' grants on the schema are left alone.
resource "lakeplane_grant" "analyst_curated" {
  workspace_id = lakeplane_schema.curated.workspace_id
  schema       = lakeplane_schema.curated.id
  principal    = lakeplane_user.analyst.user_name
  privileges   = ["USE_SCHEMA", "SELECT"]
}

resource "lakeplane_grants" "partner_files" {
  workspace_id      = lakeplane_external_location.partner.workspace_id
  external_location = lakeplane_external_location.partner.name

  grant {
    principal  = data.lakeplane_current_user.me.user_name
    privileges = ["READ_FILES", "WRITE_FILES"]
  }
}

data "lakeplane_effective_permissions" "analyst_on_orders" {
  workspace_id   = lakeplane_grant.analyst_curated.workspace_id
  securable_type = "table"
  full_name      = lakeplane_table.orders.id
  principal      = lakeplane_user.analyst.user_name
}

output "analyst_on_orders" {
  description = "What the analyst may do on sales.curated.orders, and from where (inherited from the schema)."
  value = flatten([
    for a in data.lakeplane_effective_permissions.analyst_on_orders.privilege_assignments :
    [for p in a.privileges : "${p.privilege} from ${p.inherited_from_type == "" ? "the table" : "${lower(p.inherited_from_type)} ${p.inherited_from_name}"}"]
  ])
}
