"""The Billy sandbox: a local fake of Billy API v2 serving deterministic Danish demo companies."""

from .api import Answer, Fault, SandboxApi
from .company import AS_OF, Company, build_company
from .server import DEMO_TOKEN, SECOND_TOKEN, demo_companies, running_sandbox

__all__ = [
    "AS_OF",
    "DEMO_TOKEN",
    "SECOND_TOKEN",
    "Answer",
    "Company",
    "Fault",
    "SandboxApi",
    "build_company",
    "demo_companies",
    "running_sandbox",
]
