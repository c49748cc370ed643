import { useParams } from 'react-router';
import { TroubleshootingArticle } from '../../features/troubleshooting/components/troubleshooting-article';

export function TroubleshootingRoute() {
  const { code = '' } = useParams();
  return <TroubleshootingArticle code={code} />;
}
