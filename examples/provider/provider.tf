terraform {
  required_providers {
    lakeplane = {
      source = "lakeplane/lakeplane"
    }
  }
}

# With no arguments the provider reads LAKEPLANE_HOST, LAKEPLANE_TOKEN and LAKEPLANE_ACCOUNT_ID,
# which `source <data-dir>/env` sets after lakeplaned's first start.
provider "lakeplane" {}
