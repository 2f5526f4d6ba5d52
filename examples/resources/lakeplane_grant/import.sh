# Import by "<workspace_id>/<securable_type>/<full_name>/<principal>".
terraform import lakeplane_grant.orders_reporting 1234567890123456/table/main.sales.orders/reporting
