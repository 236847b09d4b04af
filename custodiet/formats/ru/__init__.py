"""The interface's formats in this language (custodiet.formats): dates and numbers as its texts write them."""
