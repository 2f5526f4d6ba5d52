# Import by "<workspace_id>/<catalog>.<schema>.<table>".
terraform import lakeplane_table.orders 1234567890123456/main.sales.orders
