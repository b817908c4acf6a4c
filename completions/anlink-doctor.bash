# bash completion for anlink-doctor
_anlink_doctor() {
  local cur prev sub
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  sub=${COMP_WORDS[1]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "check explain checks profiles config trace watch serve --version --help" -- "$cur"))
    return
  fi
  case "$prev" in
    --api-key-file|--profile-file|--request-body|--cacert|--output|--save-baseline|--baseline|--body|--config|--history|--textfile)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --format)
      if [ "$sub" = explain ] || [ "$sub" = watch ] || [ "$sub" = trace ]; then COMPREPLY=($(compgen -W "text json" -- "$cur"))
      else COMPREPLY=($(compgen -W "text json junit markdown github html sarif" -- "$cur")); fi
      return ;;
    --profile)
      COMPREPLY=($(compgen -W "anlinkai openai deepseek openrouter siliconflow moonshot newapi azure litellm portkey generic" -- "$cur"))
      return ;;
    --from-env)
      COMPREPLY=($(compgen -W "openai anthropic" -- "$cur"))
      return ;;
    --client)
      COMPREPLY=($(compgen -W "claude-code codex openai-sdk" -- "$cur"))
      return ;;
    --capabilities)
      COMPREPLY=($(compgen -W "tools tool_choice parallel_tools json_schema vision reasoning all" -- "$cur"))
      return ;;
    --env-file)
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
    --only|--skip)
      COMPREPLY=($(compgen -W "config base_url api_key model balance probe stream count_tokens client_request tools tool_choice parallel_tools json_schema vision reasoning usage_log" -- "$cur"))
      return ;;
    --api)
      COMPREPLY=($(compgen -W "chat messages responses all" -- "$cur"))
      return ;;
  esac
  case "$sub" in
    check|config)
      COMPREPLY=($(compgen -W "--config --target --base-url --api-key --api-key-file --model --api --profile --profile-file
        --request-id --no-probe --no-stream --capabilities --request-body --timeout --hold --max-time --sequential -H --header --from-env --client --codex-profile --env-file --api-version --cacert --format --output
        --save-baseline --baseline --only --skip --strict -v --verbose -q --quiet --no-color --allow-insecure-http -4 --ipv4 -6 --ipv6 --help" -- "$cur")) ;;
    trace)
      COMPREPLY=($(compgen -W "--config --target --base-url --api-key --api-key-file --model --api --profile --profile-file
        -H --header --from-env --client --codex-profile --env-file --api-version --cacert --timeout --allow-insecure-http -4 --ipv4 -6 --ipv6
        --listen --allow-remote-listen --format --help" -- "$cur")) ;;
    watch)
      COMPREPLY=($(compgen -W "--config --target --base-url --api-key --api-key-file --model --api --profile --profile-file
        --request-id --no-probe --no-stream --capabilities --request-body --timeout --hold --max-time --sequential -H --header --from-env --client --codex-profile --env-file --api-version --cacert
        --only --skip --allow-insecure-http -4 --ipv4 -6 --ipv6
        --interval --fail-after --recover-after --paid-every --on-change --history --textfile --count --format --strict -v --verbose --help" -- "$cur")) ;;
    serve)
      COMPREPLY=($(compgen -W "--config --listen --allow-remote-listen --min-interval --concurrency --timeout
        --request-id --no-probe --no-stream --capabilities --request-body --hold --max-time --sequential --only --skip --strict --help" -- "$cur")) ;;
    explain)
      COMPREPLY=($(compgen -W "--status --body --format --help UNAUTHORIZED FORBIDDEN NOT_FOUND
        BALANCE_REJECTED MODEL_DISABLED UPSTREAM_FAILURE UPSTREAM_STREAM_INTERRUPTED
        STREAM_USAGE_MISSING CLIENT_STREAM_CLOSED INVALID_REQUEST_BODY CONFIG NETWORK
        PARAMETER_UNSUPPORTED ACCESS_BLOCKED STREAM_BUFFERED API_UNSUPPORTED STREAM_MALFORMED
        CAPABILITY_IGNORED" -- "$cur")) ;;
  esac
}
complete -F _anlink_doctor anlink-doctor
