"""natokorea-kb: a cited, cross-linked knowledge base of NATO–South Korea relations."""
