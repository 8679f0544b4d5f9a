"""The import framework: files in, validated rows out, one transaction per file."""
