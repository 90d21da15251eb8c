"""Echo: settings, facts and workflow, as every vendor folder has them."""
