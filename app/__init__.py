"""The Streamlit chat: a thin layer over the reportqa library."""
