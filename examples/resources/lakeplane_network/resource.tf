# The customer-managed VPC a workspace's compute runs in: at least two subnets in distinct
# availability zones, one to five security groups.
resource "lakeplane_network" "this" {
  network_name       = "prod-network"
  vpc_id             = "vpc-0a1b2c3d4e5f60718"
  subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718"]
  security_group_ids = ["sg-0a1b2c3d4e5f60718"]
}
