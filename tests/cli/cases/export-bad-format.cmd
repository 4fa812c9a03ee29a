export --format pdf
