trace 5 --format csv
