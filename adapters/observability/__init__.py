"""Operations: structured JSON logs, OpenTelemetry traces and Prometheus metrics, shared by every process."""
