# Import by "<workspace_id>/<catalog>.<schema>".
terraform import lakeplane_schema.sales 1234567890123456/main.sales
