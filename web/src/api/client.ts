/**
 * The one SDK client the app uses: same origin (the service serves the app), the session
 * cookie sent along. Every API call goes through the generated SDK with this client.
 */
import { client } from '@shop/customers-sdk';

export { client };

type Listener = () => void;
const sessionLostListeners = new Set<Listener>();

/** Called when a request of a signed-in person comes back 401 (the session ended). */
export function onSessionLost(listener: Listener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

export function configureClient(origin: string = window.location.origin): void {
  client.setConfig({ baseUrl: origin, credentials: 'same-origin' });
  client.interceptors.response.use((response, request) => {
    const path = new URL(request.url).pathname;
    // The session routes answer 401 as their normal "not signed in"; anything else means the
    // session expired or was ended elsewhere.
    if (response.status === 401 && !path.endsWith('/session') && !path.endsWith('/setup')) {
      for (const listener of sessionLostListeners) listener();
    }
    return response;
  });
}
