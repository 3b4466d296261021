"""What people look at: a concept's neighbourhood and the corpus overview read from a store, laid out and
rendered as self-contained HTML pages with the assets in ``kg.viz``."""
