#!/usr/bin/env bash
# Entry point of the FinOps images (API, Workers, UI host) for running outside Aspire.
#
# Two ways to give a service its secrets from HashiCorp Vault:
#  1. Natively (preferred): set Vault__Address, Vault__Token or Vault__RoleId + Vault__SecretId, and
#     Vault__Secrets__0__Path. The service reads KV v2 itself at start and re-reads it on an interval,
#     so rotations arrive without a restart. This script then does nothing.
#  2. Through this script: set VAULT_ADDR and VAULT_SECRETS (comma-separated KV v2 paths, e.g.
#     "finops/app,finops/cloud"). It logs in with VAULT_TOKEN (or VAULT_TOKEN_FILE) or with AppRole
#     (VAULT_ROLE_ID + VAULT_SECRET_ID or VAULT_SECRET_ID_FILE), reads every path and exports each
#     field as an environment variable (a field "ConnectionStrings__finops" or "ConnectionStrings:finops"
#     becomes ConnectionStrings__finops), then replaces itself with the service. Values are read once.
#     Optional: VAULT_KV_MOUNT (default secret), VAULT_APPROLE_MOUNT (default approle),
#     VAULT_NAMESPACE (Enterprise), VAULT_CACERT (CA bundle), VAULT_RETRIES (default 10, 3 s apart).
# With neither, the service starts with the environment it was given.
# No secret is ever printed: only paths and field names are.
set -euo pipefail

log() { printf 'finops-entrypoint: %s\n' "$*" >&2; }

if [ -z "${VAULT_ADDR:-}" ] || [ -z "${VAULT_SECRETS:-}" ]; then
  exec "$@"
fi

addr="${VAULT_ADDR%/}"
mount="${VAULT_KV_MOUNT:-secret}"
approle="${VAULT_APPROLE_MOUNT:-approle}"
retries="${VAULT_RETRIES:-10}"
curl_opts=(-sS --fail --max-time 10)
[ -n "${VAULT_CACERT:-}" ] && curl_opts+=(--cacert "$VAULT_CACERT")
headers=()
[ -n "${VAULT_NAMESPACE:-}" ] && headers+=(-H "X-Vault-Namespace: $VAULT_NAMESPACE")

# Vault may still be starting or sealed: try a few times before giving up.
with_retries() {
  local attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$retries" ]; then
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 3
  done
}

token="${VAULT_TOKEN:-}"
if [ -z "$token" ] && [ -n "${VAULT_TOKEN_FILE:-}" ]; then
  token="$(<"$VAULT_TOKEN_FILE")"
fi
if [ -z "$token" ]; then
  secret_id="${VAULT_SECRET_ID:-}"
  if [ -z "$secret_id" ] && [ -n "${VAULT_SECRET_ID_FILE:-}" ]; then
    secret_id="$(<"$VAULT_SECRET_ID_FILE")"
  fi
  if [ -z "${VAULT_ROLE_ID:-}" ] || [ -z "$secret_id" ]; then
    log "VAULT_ADDR is set but there is no VAULT_TOKEN nor VAULT_ROLE_ID and VAULT_SECRET_ID"
    exit 64
  fi
  login() {
    jq -n --arg role_id "$VAULT_ROLE_ID" --arg secret_id "$secret_id" '{role_id: $role_id, secret_id: $secret_id}' \
      | curl "${curl_opts[@]}" "${headers[@]}" -X POST -H 'Content-Type: application/json' --data-binary @- \
          "$addr/v1/auth/$approle/login"
  }
  if ! response="$(with_retries login)"; then
    log "AppRole login at $addr/v1/auth/$approle/login failed"
    exit 69
  fi
  token="$(jq -er '.auth.client_token' <<<"$response")" || { log "AppRole login returned no token"; exit 69; }
  log "logged in to Vault with AppRole"
fi
headers+=(-H "X-Vault-Token: $token")

IFS=',' read -r -a paths <<<"$VAULT_SECRETS"
for path in "${paths[@]}"; do
  path="${path#"${path%%[![:space:]]*}"}"
  path="${path%"${path##*[![:space:]]}"}"
  path="${path#/}"
  [ -z "$path" ] && continue
  read_secret() { curl "${curl_opts[@]}" "${headers[@]}" "$addr/v1/$mount/data/$path"; }
  if ! response="$(with_retries read_secret)"; then
    log "could not read $mount/data/$path"
    exit 69
  fi
  count=0
  # NUL-separated name/value pairs: values may hold any character, newlines included.
  while IFS= read -r -d '' name && IFS= read -r -d '' value; do
    name="${name//:/__}"
    if [[ ! "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
      log "skipping field '$name' of $path: not a valid environment variable name"
      continue
    fi
    export "$name=$value"
    count=$((count + 1))
  done < <(jq -j '.data.data // {} | to_entries[] | "\(.key)\u0000\(.value | if type == "string" then . else tojson end)\u0000"' <<<"$response")
  log "exported $count field(s) of $mount/$path"
done

unset token secret_id response value
exec "$@"
