import { useNavigate, useParams } from 'react-router';
import { Tabs } from '../design/tabs';
import { ApiKeysPanel } from './api-keys-panel';
import { AuditPanel } from './audit-panel';
import { PeoplePanel } from './people-panel';

const TABS = ['people', 'api-keys', 'audit'] as const;

export default function AdminScreen() {
  const { tab = 'people' } = useParams();
  const navigate = useNavigate();
  const value = (TABS as readonly string[]).includes(tab) ? tab : 'people';
  return (
    <>
      <div className="page-head">
        <h1>Administration</h1>
      </div>
      <Tabs
        label="Administration"
        value={value}
        onValueChange={(next) => void navigate(`/admin/${next}`, { replace: true })}
        items={[
          { value: 'people', label: 'People', content: <PeoplePanel /> },
          { value: 'api-keys', label: 'API keys', content: <ApiKeysPanel /> },
          { value: 'audit', label: 'Audit log', content: <AuditPanel /> },
        ]}
      />
    </>
  );
}
