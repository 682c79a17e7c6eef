#!/usr/bin/env bash
# Local stand-ins for the production AWS services, to try the production path on one machine:
#   scripts/local-aws.sh up [RECEIPTS]   start DynamoDB Local and S3Mock on free loopback ports, create the bucket
#                                        `models` and the table `receipts` (RECEIPTS synthetic receipts, default
#                                        1000), and write results/local-aws.env
#   . results/local-aws.env
#   SWEEP_DATA=dynamodb://receipts SWEEP_ARTIFACTS=s3://models/sweeps ./sweep run sweeps/layoutlm.yaml
#   ./sweep best --promote
#   scripts/local-aws.sh down            stop both servers (their data goes with them)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
state=results/local-aws
case "${1:-}" in
  up)
    receipts="${2:-1000}"
    ./sweep --version >/dev/null
    mvn -B -q -ntp process-test-resources >/dev/null
    mkdir -p "$state"
    free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
    s3port="$(free_port)"; ddbport="$(free_port)"
    java -Xmx1g -jar target/test-servers/s3mock.jar --server.port=0 --server.address=127.0.0.1 \
      --http.port="$s3port" --com.adobe.testing.s3mock.store.root="$root/$state/s3" \
      --spring.main.banner-mode=off --logging.level.root=WARN >"$state/s3mock.log" 2>&1 &
    echo $! > "$state/s3mock.pid"
    (cd "$state" && exec java -Xmx1g -Djava.library.path="$root/target/test-servers/native" \
      -cp "$(cat "$root/target/test-servers/dynamodb-local.classpath")" \
      com.amazonaws.services.dynamodbv2.local.main.ServerRunner -inMemory -sharedDb -port "$ddbport" \
      >dynamodb-local.log 2>&1) &
    echo $! > "$state/dynamodb-local.pid"
    cat > results/local-aws.env <<ENV
export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=localsecret AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL_S3=http://127.0.0.1:$s3port AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$ddbport
ENV
    . results/local-aws.env
    for port in "$s3port" "$ddbport"; do
      for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
    done
    curl -s -X PUT "http://127.0.0.1:$s3port/models" -o /dev/null
    java -cp "target/current/sweep.jar:target/current/lib/*" scripts/local/LoadReceipts.java receipts "$receipts" 0
    echo "local AWS is up: . results/local-aws.env"
    ;;
  down)
    for p in "$state"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; rm -f "$p"; done
    rm -rf "$state/s3" results/local-aws.env
    echo "local AWS is down"
    ;;
  *) echo "usage: scripts/local-aws.sh up [RECEIPTS] | down" >&2; exit 2 ;;
esac
