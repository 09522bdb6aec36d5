#compdef news

_news_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _NEWS_COMPLETE=complete_zsh news)
}

compdef _news_completion news