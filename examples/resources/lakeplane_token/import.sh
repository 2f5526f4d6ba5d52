# Import by "<workspace_id>/<token_id>" (a token belongs to one workspace).
terraform import lakeplane_token.ci 1234567890123456/4f0a2c6e9b1d3f57
