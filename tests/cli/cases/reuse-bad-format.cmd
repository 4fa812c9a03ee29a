reuse --format xml
