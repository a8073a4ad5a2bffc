"""reportqa: a document-grounded research assistant over policy reports.

The package is a library first; the CLI (`reportqa.cli`) and the Streamlit app are thin
layers over it. Heavy dependencies (torch, chromadb, llama-index) are imported lazily so
that commands which do not need them start instantly.
"""

__version__ = "0.1.0"
