"""Open-source intake: news articles and reports turned into a sourced, checked timeline."""
