"""What any front end needs: flood limits, log privacy, reload, metrics."""
