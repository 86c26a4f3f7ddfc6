/** The URL a service uses: the admin URL's host and port, with the service's role and database. */
export function serviceConnectionUrl(adminUrl: string, role: string, password: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The same server and credentials, another database. */
export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
