"""The error-analysis report: mismatches classified (analysis) and rendered as one HTML
page (html)."""
