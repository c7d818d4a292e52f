// The JSON API of the coordinator (see docs/console.md). Requests carry the HttpOnly session cookie.

export class Unauthenticated extends Error {}

async function request(method, path, body, contentType) {
  const options = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    options.body = typeof body === 'string' ? body : JSON.stringify(body);
    options.headers['Content-Type'] = contentType || 'application/json';
  }
  const response = await fetch(path, options);
  if (response.status === 401) {
    throw new Unauthenticated('unauthenticated');
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((data && data.error) || `${response.status} ${response.statusText}`);
  }
  return data;
}

export const api = {
  session: () => request('GET', '/v1/session'),
  login: (user, password) => request('POST', '/v1/login', { user, password }),
  logout: () => request('POST', '/v1/logout'),
  submit: (statement) => request('POST', '/v1/statement', statement),
  query: (queryId, offset = 0, limit = 1000) =>
    request('GET', `/v1/query/${encodeURIComponent(queryId)}?offset=${offset}&limit=${limit}`),
  cancel: (queryId) => request('DELETE', `/v1/query/${encodeURIComponent(queryId)}`),
  history: () => request('GET', '/v1/query?limit=200'),
  cluster: () => request('GET', '/v1/cluster?seconds=300'),
};
