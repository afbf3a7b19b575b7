/**
 * The hub's counters, rendered in the Prometheus text exposition format (version 0.0.4) for
 * `GET <endpoint>/metrics`. Written by hand: a handful of counters needs no client library.
 */

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
};

/** Named counters and gauges with labels. */
export class MetricRegistry {
  private readonly families = new Map<string, Family>();

  /** Declares a metric; values start at zero once they are first counted. */
  define(name: string, type: Family['type'], help: string): void {
    if (!this.families.has(name)) this.families.set(name, { help, type, values: new Map() });
  }

  /** Adds `by` to a counter (or gauge); without labels the series' key is known without building it. */
  add(name: string, labels?: Labels, by = 1): void {
    const family = this.families.get(name);
    if (!family) return;
    const key = labels ? labelText(labels) : '';
    const entry = family.values.get(key);
    if (entry) entry.value += by;
    else family.values.set(key, { labels: labels ?? {}, value: by });
  }

  /** Sets a gauge. */
  set(name: string, value: number, labels: Labels = {}): void {
    const family = this.families.get(name);
    family?.values.set(labelText(labels), { labels, value });
  }

  /** The Prometheus text format of every metric. */
  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      if (family.values.size === 0 && family.type === 'counter') lines.push(`${name} 0`);
      for (const { labels, value } of family.values.values()) lines.push(`${name}${labelText(labels)} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** The hub's metrics, declared once. */
export function hubMetricRegistry(): MetricRegistry {
  const registry = new MetricRegistry();
  registry.define('switchboard_hub_connections', 'gauge', 'Open client connections on this hub');
  registry.define('switchboard_hub_channels', 'gauge', 'Channels with at least one subscriber on this hub');
  registry.define('switchboard_hub_subscriptions', 'gauge', 'Channel subscriptions on this hub');
  registry.define('switchboard_hub_presence_members', 'gauge', 'Presence members (connections) on this hub');
  registry.define('switchboard_hub_up', 'gauge', '1 when the hub is healthy, 0.5 degraded, 0 unhealthy');
  registry.define('switchboard_hub_messages_published_total', 'counter', 'Messages this hub accepted for broadcast');
  registry.define('switchboard_hub_publish_failures_total', 'counter', 'Publishes this hub refused or could not deliver');
  registry.define('switchboard_hub_http_requests_refused_total', 'counter', 'Requests to the HTTP endpoints refused, by reason');
  registry.define('switchboard_hub_users_disconnected_total', 'counter', 'disconnectUser calls');
  return registry;
}
