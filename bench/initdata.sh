#!/usr/bin/env bash
# JMH: InitDataValidator.validate throughput on one thread (one core). Usage: bench/initdata.sh  (about 4 minutes; two initData shapes, two forks each)
source "$(dirname "$0")/lib.sh"
build
stamp=$(date -u +%Y%m%dT%H%M%SZ)
# On the service's Java (lib.sh: the production image's Java 25 when the machine has it).
"$SERVICE_JAVA" -cp "$CLASSPATH_TEST" org.openjdk.jmh.Main InitDataValidatorBenchmark -f 2 -t 1 -wi 4 -w 5s -i 6 -r 5s \
  -rf json -rff "$BENCH_DIR/results/initdata-$stamp.json" | tail -n 5
echo "Machine: $(nproc) cores, $("$SERVICE_JAVA" -version 2>&1 | head -n 1)"
