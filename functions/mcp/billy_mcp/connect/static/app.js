// The connect page: sign in with the stack's sign-in (authorization code + PKCE S256), then manage the companies
// and API keys of that sign-in through /connect/api. The access token lives in this page's memory only; a Billy
// token goes from the form to the server once and is cleared from the form at once.
"use strict";

const TEXTS = {
  da: {
    title: "Forbind din Billy-virksomhed",
    intro: "Log ind, og indsæt et adgangstoken fra Billy, så din AI-assistent kan læse regnskabet (kun læse).",
    signIn: "Log ind", signOut: "Log ud", companies: "Dine virksomheder",
    managed: "Din operatør styrer hvilken virksomhed du har adgang til.",
    handle: "Kaldenavn", name: "Navn", cvr: "CVR", connected: "Forbundet", lastUsed: "Sidst brugt", actions: "Handlinger",
    noCompanies: "Ingen virksomheder er forbundet endnu.", connectTitle: "Forbind en virksomhed",
    tokenHelp: "Opret et adgangstoken i mit.billy.dk → Indstillinger → Adgangstokens → Opret adgangstoken. Et token hører til én virksomhed.",
    handleLabel: "Kaldenavn (a-z, 0-9 og -)", tokenLabel: "Adgangstoken fra Billy", connect: "Forbind",
    keys: "API-nøgler til desktop-klienter",
    keysHelp: "Claude Code, Cursor og VS Code bruger en API-nøgle. Den når alle dine virksomheder.",
    keyLabel: "Hvilken klient er nøglen til?", createKey: "Opret nøgle",
    newKeyTitle: "Din nye nøgle (vises kun én gang)", configHelp: "Indsæt i din klient:",
    rename: "Omdøb", replace: "Nyt token", disconnect: "Afbryd", save: "Gem", revoke: "Tilbagekald",
    working: "Arbejder …", saved: "Gemt.", connectedOk: "Virksomheden er forbundet.",
    disconnected: "Virksomheden er afbrudt.", signedIn: "Du er logget ind.", keyCreated: "Nøglen er oprettet.",
    keyRevoked: "Nøglen er tilbagekaldt.", newHandle: "Nyt kaldenavn for", newToken: "Nyt adgangstoken for",
    signInFailed: "Login mislykkedes. Prøv igen.",
  },
  en: {
    title: "Connect your Billy company",
    intro: "Sign in and paste an access token from Billy, so your AI assistant can read the books (read only).",
    signIn: "Sign in", signOut: "Sign out", companies: "Your companies",
    managed: "Your operator manages which company you reach.",
    handle: "Handle", name: "Name", cvr: "CVR", connected: "Connected", lastUsed: "Last used", actions: "Actions",
    noCompanies: "No company is connected yet.", connectTitle: "Connect a company",
    tokenHelp: "Create an access token in mit.billy.dk → Settings → Access tokens → Create access token. A token belongs to one company.",
    handleLabel: "Handle (a-z, 0-9 and -)", tokenLabel: "Access token from Billy", connect: "Connect",
    keys: "API keys for desktop clients",
    keysHelp: "Claude Code, Cursor and VS Code use an API key. It reaches all your companies.",
    keyLabel: "Which client is the key for?", createKey: "Create key",
    newKeyTitle: "Your new key (shown only once)", configHelp: "Paste into your client:",
    rename: "Rename", replace: "New token", disconnect: "Disconnect", save: "Save", revoke: "Revoke",
    working: "Working …", saved: "Saved.", connectedOk: "The company is connected.",
    disconnected: "The company is disconnected.", signedIn: "You are signed in.", keyCreated: "The key is created.",
    keyRevoked: "The key is revoked.", newHandle: "New handle for", newToken: "New access token for",
    signInFailed: "Sign-in failed. Try again.",
  },
};

let lang = new URLSearchParams(location.search).get("lang") || (navigator.language.startsWith("da") ? "da" : "en");
let accessToken = null;
let config = null;
const $ = (id) => document.getElementById(id);
const t = (key) => TEXTS[lang][key] || TEXTS.en[key];

function applyLanguage() {
  if (!TEXTS[lang]) lang = "en";
  document.documentElement.lang = lang;
  document.title = "Billy MCP – " + t("title");
  for (const element of document.querySelectorAll("[data-text]")) element.textContent = t(element.dataset.text);
}

function say(message) { $("status").textContent = message; $("error").hidden = true; }
function fail(message) { $("error").textContent = message; $("error").hidden = false; $("status").textContent = ""; }

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function randomText() { return base64url(crypto.getRandomValues(new Uint8Array(32))); }
function redirectUri() { return location.origin + "/connect"; }

async function signIn() {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem("connect.pkce", JSON.stringify({ verifier, state, lang }));
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    response_type: "code", client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope,
    state, code_challenge: challenge, code_challenge_method: "S256",
  });
  location.assign(config.signInUrl + "/oauth2/authorize?" + query);
}

async function finishSignIn(code, state) {
  const saved = JSON.parse(sessionStorage.getItem("connect.pkce") || "null");
  sessionStorage.removeItem("connect.pkce");
  history.replaceState(null, "", "/connect");
  if (!saved || saved.state !== state) throw new Error(t("signInFailed"));
  lang = saved.lang || lang;
  const response = await fetch(config.signInUrl + "/oauth2/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code", client_id: config.clientId, code, redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) throw new Error(t("signInFailed"));
  accessToken = (await response.json()).access_token;
}

async function api(method, path, body) {
  const response = await fetch("/connect/api/" + path, {
    method,
    headers: { Authorization: "Bearer " + accessToken, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

function cell(row, text) { const td = document.createElement("td"); td.textContent = text || ""; row.append(td); return td; }
function button(label, action) {
  const b = document.createElement("button");
  b.type = "button"; b.textContent = label; b.addEventListener("click", action); return b;
}

function inlineForm(row, label, type, submit) {
  const form = document.createElement("form");
  const input = document.createElement("input");
  const id = "inline-" + randomText().slice(0, 8);
  const caption = document.createElement("label");
  caption.htmlFor = id; caption.textContent = label; input.id = id; input.type = type; input.required = true;
  input.autocomplete = "off";
  form.append(caption, input, button(t("save"), () => form.requestSubmit()));
  form.addEventListener("submit", (event) => { event.preventDefault(); const value = input.value; input.value = ""; submit(value); });
  const td = document.createElement("td"); td.colSpan = 6; td.append(form);
  const extra = document.createElement("tr"); extra.append(td); row.after(extra); input.focus();
}

function render(view) {
  $("signed-out").hidden = true;
  $("signed-in").hidden = false;
  $("managed").hidden = !view.managed;
  $("connect-form").hidden = view.managed;
  $("key-form").hidden = view.managed;
  const rows = $("company-rows");
  rows.replaceChildren();
  for (const company of view.companies) {
    const row = document.createElement("tr");
    row.dataset.handle = company.handle;
    cell(row, company.handle); cell(row, company.name); cell(row, company.registration_no);
    cell(row, (company.connected || "").slice(0, 10));
    cell(row, (company.last_used || "–").slice(0, 10));
    const actions = cell(row, "");
    if (!view.managed) {
      actions.append(
        button(t("rename"), () => inlineForm(row, t("newHandle") + " " + company.handle, "text",
          (value) => act(() => api("PATCH", "companies/" + company.handle, { handle: value }), t("saved")))),
        button(t("replace"), () => inlineForm(row, t("newToken") + " " + company.handle, "password",
          (value) => act(() => api("PATCH", "companies/" + company.handle, { token: value }), t("saved")))),
        button(t("disconnect"), () => act(() => api("DELETE", "companies/" + company.handle), t("disconnected"))),
      );
    }
    rows.append(row);
  }
  $("no-companies").hidden = view.companies.length > 0;
  const keys = $("key-list");
  keys.replaceChildren();
  for (const key of view.keys) {
    const item = document.createElement("li");
    item.textContent = key.label + " (" + (key.created || "").slice(0, 10) + ") ";
    item.append(button(t("revoke"), () => act(() => api("DELETE", "keys/" + key.id), t("keyRevoked"))));
    keys.append(item);
  }
}

async function act(request, done) {
  say(t("working"));
  try {
    const view = await request();
    render(view);
    say(done);
    return view;
  } catch (error) {
    fail(error.message);
    return null;
  }
}

function showKey(key) {
  const endpoint = location.origin + "/mcp";
  $("new-key-value").textContent = key;
  const headers = { Authorization: "Bearer " + key };
  $("new-key-config").textContent =
    `Claude Code:\nclaude mcp add --transport http billy ${endpoint} --header "Authorization: Bearer ${key}"\n\n` +
    "Cursor (~/.cursor/mcp.json):\n" + JSON.stringify({ mcpServers: { billy: { url: endpoint, headers } } }, null, 2) +
    "\n\nVS Code (.vscode/mcp.json):\n" +
    JSON.stringify({ servers: { billy: { type: "http", url: endpoint, headers } } }, null, 2);
  $("new-key").hidden = false;
}

async function start() {
  applyLanguage();
  $("lang-da").addEventListener("click", () => { lang = "da"; applyLanguage(); });
  $("lang-en").addEventListener("click", () => { lang = "en"; applyLanguage(); });
  $("sign-in").addEventListener("click", () => signIn().catch((error) => fail(error.message)));
  $("sign-out").addEventListener("click", () => { accessToken = null; location.assign("/connect"); });
  $("connect-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const handle = $("handle").value.trim();
    const token = $("token").value;
    $("token").value = "";
    act(() => api("POST", "companies", { handle, token }), t("connectedOk")).then((view) => {
      if (view) $("handle").value = "";
    });
  });
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const label = $("key-label").value.trim();
    act(async () => { const answer = await api("POST", "keys", { label }); showKey(answer.key); return answer; },
      t("keyCreated")).then((view) => { if (view) $("key-label").value = ""; });
  });
  try {
    config = await (await fetch("/connect/config.json")).json();
    const query = new URLSearchParams(location.search);
    if (query.get("code")) await finishSignIn(query.get("code"), query.get("state"));
    applyLanguage();
    if (!accessToken) { $("signed-out").hidden = false; return; }
    render(await api("GET", "me"));
    say(t("signedIn"));
  } catch (error) {
    $("signed-out").hidden = false;
    fail(error.message);
  }
}

document.addEventListener("DOMContentLoaded", start);
