"""Reports: charts, PDFs and spreadsheets shared by pages and exports."""
