"""Early-warning signals over time series: baselines, detectors, the warning index, backtesting."""
