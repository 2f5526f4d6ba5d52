terraform {
  required_providers {
    lakeplane = {
      source = "lakeplane/lakeplane"
    }
  }
}

# With no arguments the provider reads LAKEPLANE_HOST, LAKEPLANE_TOKEN and LAKEPLANE_ACCOUNT_ID,
# which `source .lakeplane/env` sets from the repository root after `make demo` or `make run`
# (a daemon started with --data-dir DIR writes them to DIR/env on its first start).
provider "lakeplane" {}
