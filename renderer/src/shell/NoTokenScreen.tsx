/** Serve mode opened without the token: say what to do instead of a blank page. */
export function NoTokenScreen() {
  return (
    <div className="fullscreen-message" data-testid="no-token">
      <div className="panel">
        <h1>Cachescope needs its access link</h1>
        <p>
          This page was opened without the access token, so it cannot talk to the Cachescope server. Open the
          full address that <code>cachescope serve</code> printed in its terminal — it ends with <code>#token=…</code>.
        </p>
        <p className="muted">The token keeps other web pages from driving your Redis connections through this server.</p>
      </div>
    </div>
  );
}
