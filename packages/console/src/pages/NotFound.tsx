import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n';

export default function NotFound() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/robots')}>
          {t('app.backHome')}
        </Button>
      }
    />
  );
}
