"""'When life goes up and down': the support guide and the pages that explain what sharing means."""
