"""The one Logger and Metrics of the function (Powertools; JSON logs and EMF metrics, no Tracer)."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

from .config import settings

logger = Logger(service=settings().service_name)
metrics = Metrics(service=settings().service_name, namespace=settings().metrics_namespace)
