reuse --format csv
