/** What Grafana sends for `$__rate_interval`, `$__range`, a multi-value variable set to All, and so on. */
export function asGrafanaSends(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$\{__rate_interval\}/g, '1m')
    .replace(/\$__interval|\$\{__interval\}/g, '30s')
    .replace(/\$__range|\$\{__range\}/g, '1d')
    .replace(/\$\{?[a-zA-Z_][a-zA-Z0-9_]*\}?/g, '.*');
}

