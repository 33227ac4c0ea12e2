import { CLAIM_SIZE } from '../deploy/k8s/storage';
import { parseDuration } from '../core/duration';

/**
 * Values as the tools that read them parse them: Prometheus and Alertmanager durations, Go
 * durations (the collector), Kubernetes names and quantities, image references, URLs, SMTP
 * addresses, HTTP header values. Each `...Problem` returns why a value is refused, as a phrase
 * to follow the value (`"5 s" has white space`), or undefined when the tool takes it. They take
 * `unknown`: the deploy config and the settings may come from untyped JavaScript.
 */

/** A value as a problem quotes it: strings in quotes, the rest as they print. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `a number`, `an object`, `an array`, `null`: what a value is, for a problem. */
const kindOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`;
};

const notA = (value: unknown, what: string): string | undefined => (typeof value === 'string' ? undefined : `is ${kindOf(value)}, not ${what}`);

// ---- durations

/** Prometheus' units, largest first: prometheus/common model.ParseDuration takes them in this order, each once. */
const PROMETHEUS_UNITS = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;
/** time.Duration's range (about 292 years), in milliseconds. */
const MAX_DURATION_MS = 2 ** 63 / 1e6;

/**
 * Milliseconds of a duration as Prometheus and Alertmanager parse it (`30d`, `1h30m`, `0s`, `0`),
 * or undefined when they refuse it. Stricter than parseDuration: units largest first, each once.
 */
export function prometheusDurationMs(value: unknown): number | undefined {
  if (value === '0') return 0;
  if (typeof value !== 'string') return undefined;
  const ms = parseDuration(value);
  if (ms === undefined || ms >= MAX_DURATION_MS) return undefined;
  const order = [...value.matchAll(/\d+(ms|s|m|h|d|w|y)/g)].map((m) => PROMETHEUS_UNITS.indexOf(m[1] as (typeof PROMETHEUS_UNITS)[number]));
  return order.every((unit, i) => i === 0 || unit > order[i - 1]!) ? ms : undefined;
}

/** Why `value` is not a duration `parses` takes: the first of `hints` whose test matches, else `shape`. */
function durationProblem(value: unknown, parses: (value: unknown) => number | undefined, shape: string, hints: readonly (readonly [(text: string) => boolean, string])[]): string | undefined {
  const type = notA(value, 'a duration string');
  if (type) return type;
  if (parses(value) !== undefined) return undefined;
  const text = value as string;
  if (text === '') return 'is empty';
  const hint = hints.find(([test]) => test(text));
  return hint ? `${hint[1]}: ${shape}` : `is ${shape}`;
}

export function prometheusDurationProblem(value: unknown): string | undefined {
  return durationProblem(value, prometheusDurationMs, 'not a Prometheus duration (a whole number and a unit, y w d h m s ms, largest unit first, like 30d or 1h30m)', [
    [(text) => /\s/.test(text), 'has white space'],
    [(text) => /^[-+]/.test(text), 'has a sign, and a duration is never negative'],
    [(text) => /^\d+$/.test(text), 'has no unit'],
    [(text) => /\d\.\d/.test(text), 'has a fraction'],
    [(text) => (parseDuration(text) ?? 0) >= MAX_DURATION_MS, 'is out of range (about 292 years at most)'],
    [(text) => parseDuration(text) !== undefined, 'repeats a unit or puts a smaller one first'],
  ]);
}

const GO_UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/** Milliseconds of a duration as Go's time.ParseDuration reads it (`1s`, `200ms`, `1h30m`, `-1s`, `0`), or undefined. */
export function goDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^[-+]?0$/.test(value)) return 0;
  if (!GO_DURATION.test(value)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) ms += Number(amount) * GO_UNIT_MS[unit!]!;
  return value.startsWith('-') ? -ms : ms;
}

export function goDurationProblem(value: unknown): string | undefined {
  return durationProblem(value, goDurationMs, 'not a Go duration (numbers with the units h m s ms us ns, like 1s, 200ms or 1h30m; no d or w)', [
    [(text) => /\s/.test(text), 'has white space'],
    [(text) => /\d(d|w|y)/.test(text), 'uses a unit Go does not know'],
  ]);
}

// ---- Kubernetes

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A name of at most `max` characters that `valid` takes, described as `kind` in the problem. */
function nameProblem(value: unknown, max: number, kind: string, valid: (text: string) => boolean): string | undefined {
  const type = notA(value, 'a name');
  if (type) return type;
  const text = value as string;
  if (text === '') return 'is empty';
  if (text.length > max) return `is ${text.length} characters long, over the ${max} of ${kind.replace(/ \(.*$/, '')}`;
  return valid(text) ? undefined : `is not ${kind}`;
}

/** An RFC 1123 label, as Kubernetes requires of a namespace's name: <= 63 of a-z, 0-9 and '-', alphanumeric at both ends. */
export function dnsLabelProblem(value: unknown): string | undefined {
  return nameProblem(value, 63, 'an RFC 1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)', (text) => DNS_LABEL.test(text));
}

/** An RFC 1123 subdomain, as Kubernetes requires of most objects' names (Secrets, Deployments, StorageClasses). */
export function dnsSubdomainProblem(value: unknown): string | undefined {
  return nameProblem(value, 253, 'an RFC 1123 subdomain (lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit)', (text) =>
    text.split('.').every((part) => DNS_LABEL.test(part)),
  );
}

/** A host name for DNS (any case, an optional trailing dot), as Prometheus' dns_sd_configs and SMTP dial it. */
export function hostnameProblem(value: unknown): string | undefined {
  const type = notA(value, 'a host name');
  if (type) return type;
  const text = (value as string).replace(/\.$/, '').toLowerCase();
  if (text === '') return 'is empty';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split('.').every((n) => Number(n) <= 255) ? undefined : 'is not an IPv4 address (each part 0 to 255)';
  return text.length <= 253 && text.split('.').every((part) => part.length <= 63 && DNS_LABEL.test(part)) ? undefined : 'is not a DNS name (dot-separated parts of letters, digits and "-", each at most 63 long)';
}

/** A label value: <= 63 of letters, digits, '-', '_' and '.', alphanumeric at both ends (empty is a value too, but selects nothing useful). */
export function labelValueProblem(value: unknown): string | undefined {
  return nameProblem(value, 63, 'a Kubernetes label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit)', (text) => /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(text));
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** A claim's size: a Kubernetes quantity, positive, in the whole Mi, Gi or Ti that deploy/k8s/storage.ts takes. */
export function storageSizeProblem(value: unknown): string | undefined {
  const type = notA(value, 'a size like 50Gi');
  if (type) return type;
  const text = value as string;
  if (!QUANTITY.test(text)) return 'is not a Kubernetes quantity (a number and a suffix such as Mi, Gi or Ti)';
  if (text.startsWith('-')) return 'is negative';
  const match = CLAIM_SIZE.exec(text);
  if (!match) return 'is a Kubernetes quantity, but the manifests state claim sizes as a whole number of Mi, Gi or Ti';
  if (Number(match[1]) === 0) return 'is zero: a claim must request some storage';
  return undefined;
}

/** The nearest RFC 1123 label to a wrong name (`AQE_Observability` -> `aqe-observability`), for a fix to offer. */
export function nearestDnsLabel(value: unknown): string {
  const name = String(value).toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return name === '' ? 'aqe' : name;
}

// ---- images

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::\\d+)?`;
/** registry/repository[:tag][@algorithm:hex], the grammar of github.com/distribution/reference. */
const IMAGE_REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`);

/** An image pinned to a release: a valid reference with a tag other than `latest`, or a digest. */
export function imageProblem(value: unknown): string | undefined {
  const type = notA(value, 'an image reference');
  if (type) return type;
  const text = value as string;
  if (text.trim() === '') return 'is blank: the pod has no image to pull';
  const match = IMAGE_REFERENCE.exec(text);
  if (!match) return 'is not an image reference (registry/repository:tag or @sha256:digest, the repository in lowercase)';
  const [, name = '', tag, digest] = match;
  if (name.length > 255) return `has a name of ${name.length} characters, over the 255 a registry takes`;
  if (digest?.startsWith('sha256:') && digest.length !== 'sha256:'.length + 64) return 'has a sha256 digest that is not 64 hex digits';
  if (digest) return undefined;
  if (tag === undefined) return 'has no tag: Kubernetes pulls :latest, whatever release that is that day';
  if (tag === 'latest') return 'is tagged latest: each node runs whatever release it pulled last, and a restart can upgrade it';
  return undefined;
}

// ---- URLs, addresses, headers

/** An absolute http(s) URL with a host, no white space and no credentials in it. */
export function httpUrlProblem(value: unknown): string | undefined {
  const type = notA(value, 'a URL');
  if (type) return type;
  const text = value as string;
  if (text === '') return 'is empty';
  if (/\s/.test(text)) return 'has white space';
  if (!/^https?:\/\/[^/?#]/i.test(text)) return 'is not an absolute http:// or https:// URL';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.hostname === '') return 'has no host';
  if (url.username !== '' || url.password !== '') return 'holds credentials: secrets never go in the config, and the generated files are committed';
  return undefined;
}

/** A URL that the generators extend with `/<path>`: also no trailing slash, query or fragment. */
export function baseUrlProblem(value: unknown): string | undefined {
  const url = httpUrlProblem(value);
  if (url) return url;
  const text = value as string;
  if (/[?#]/.test(text)) return 'has a query or fragment: the generated links append /<page> after it';
  if (text.endsWith('/')) return 'ends with "/": the generated links append /<page>, giving a double slash';
  return undefined;
}

/** A port number: an integer from 1 to 65535. */
export function portProblem(value: unknown): string | undefined {
  if (typeof value !== 'number') return `is ${kindOf(value)}, not a port number`;
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? undefined : 'is not a port (a whole number from 1 to 65535)';
}

/** `host:port` as Go's net.SplitHostPort reads it (Alertmanager's smarthost), with a numeric port. */
export function hostPortProblem(value: unknown): string | undefined {
  const type = notA(value, 'host:port');
  if (type) return type;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):([^:]*)$/.exec(value as string);
  if (!match) return 'is not host:port (the port is missing, or there are too many colons)';
  const [, ipv6, host = '', port = ''] = match;
  if (ipv6 === undefined && hostnameProblem(host)) return `has a host that ${hostnameProblem(host)}`;
  if (port === '') return 'has an empty port';
  if (!/^\d+$/.test(port) || portProblem(Number(port))) return `has port ${JSON.stringify(port)}, not a number from 1 to 65535`;
  return undefined;
}

const ADDRESS = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/;

/** An e-mail address, bare or as `Name <address>`, as Go's mail.ParseAddress takes it. */
export function emailProblem(value: unknown): string | undefined {
  const type = notA(value, 'an e-mail address');
  if (type) return type;
  const text = (value as string).trim();
  const address = /^[^<>]*<([^<>]+)>$/.exec(text)?.[1] ?? text;
  if (!ADDRESS.test(address)) return 'is not an e-mail address (local@domain, or Name <local@domain>)';
  return hostnameProblem(address.split('@')[1]) ? 'has a domain that is not a DNS name' : undefined;
}

/** A value an HTTP header can carry: visible characters and inner spaces, not empty. */
export function headerValueProblem(value: unknown): string | undefined {
  const type = notA(value, 'a header value');
  if (type) return type;
  const text = value as string;
  if (text === '') return 'is empty';
  if (text.trim() !== text) return 'has white space at an end, which HTTP strips';
  if (!/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(text)) return 'has a character an HTTP header value cannot carry (a control character or a line break)';
  return undefined;
}

/** A positive whole number no smaller than `min`. */
export function wholeNumberProblem(value: unknown, min: number): string | undefined {
  if (typeof value !== 'number') return `is ${kindOf(value)}, not a number`;
  if (!Number.isInteger(value)) return 'is not a whole number';
  return value < min ? `is under ${min}` : undefined;
}
