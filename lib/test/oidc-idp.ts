import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** Claims the test identity provider returns for one login (the subject is the login). */
export type TIdpAccount = { email?: string; email_verified?: boolean; name?: string };

export type TTestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Sets the claims returned for `login` (otherwise `<login>@idp.test`, verified). */
  setAccount: (login: string, claims: TIdpAccount) => void;
  close: () => Promise<void>;
};

/**
 * A real OpenID Provider (panva's oidc-provider, development interactions: a login form
 * that accepts any login and password, then a consent form) on a free loopback port,
 * with one confidential client for `redirectUris`. Tests and e2e only.
 */
export async function startTestIdp(options: {
  redirectUris: string[];
  port?: number;
  /** The one client authentication method the provider offers (default: client_secret_basic). */
  authMethod?: "client_secret_basic" | "client_secret_post";
}): Promise<TTestIdp> {
  const authMethod = options.authMethod ?? "client_secret_basic";
  const accounts = new Map<string, TIdpAccount>();
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = `pba-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(24).toString("base64url");
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: authMethod,
      },
    ],
    clientAuthMethods: [authMethod],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    scopes: ["openid", "email", "profile"],
    cookies: { keys: [randomBytes(16).toString("hex")] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, ...(accounts.get(sub) ?? { email: `${sub}@idp.test`, email_verified: true, name: sub }) }),
    }),
  });
  const callback = provider.callback();
  handler = (req, res) => void callback(req, res);
  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (login, claims) => accounts.set(login, claims),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type TJar = Map<string, string>;

function keepCookies(jar: TJar, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: TJar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** The first form of an HTML page: its action and the values of its hidden inputs. */
function firstForm(html: string, base: string): { action: string; fields: Record<string, string> } | null {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form?.[1]) return null;
  const fields: Record<string, string> = {};
  for (const input of (form[2] ?? "").matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
  }
  return { action: new URL(form[1].replaceAll("&amp;", "&"), base).toString(), fields };
}

/**
 * Plays the browser at the test IdP: follows `authorizationUrl` through the login form (as
 * `login`) and the consent form, and returns the URL the IdP finally redirects to (the
 * app's callback with code and state), without requesting it.
 */
export async function signInAtIdp(authorizationUrl: string, login: string, stopAt: string): Promise<string> {
  const jar: TJar = new Map();
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(stopAt)) return url;
    const res = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as object), cookie: cookieHeader(jar) } });
    keepCookies(jar, res);
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).toString();
      init = {};
      continue;
    }
    const html = await res.text();
    const form = res.status === 200 ? firstForm(html, url) : null;
    if (!form) throw new Error(`the IdP answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    const body = new URLSearchParams({ ...form.fields, ...(form.fields.prompt === "login" ? { login, password: "any" } : {}) });
    url = form.action;
    init = { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("the IdP sign-in did not finish in 12 steps");
}
