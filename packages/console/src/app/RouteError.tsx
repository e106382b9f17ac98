import { Alert, Button } from 'antd';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useT } from '../i18n';

/** A page that failed to load (e.g. its chunk after a new deployment) or threw while rendering. */
export function RouteError() {
  const t = useT();
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : String(error);
  return (
    <Alert
      type="error"
      showIcon
      style={{ margin: 24 }}
      title={t('app.loadFailed', { message })}
      action={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('app.retry')}
        </Button>
      }
    />
  );
}
