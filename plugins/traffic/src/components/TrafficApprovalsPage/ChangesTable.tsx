import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import {
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import type { ChangeListItem } from '../../api';
import { StatusIcon } from '../shared/StatusIcon';
import {
  changeReason,
  changeStateView,
  formatObjects,
  formatTime,
  shortRef,
} from '../shared/changeText';

interface ChangeRow {
  id: string;
  change: ChangeListItem;
  requester: string;
  entity: string;
  cluster: string;
  reason: string;
  objects: string;
  createdAt: string;
}

/**
 * Policy reasons can be long, and the table shares the page with the details card once a change
 * is selected: at most two lines of a readable width here, the whole text in a tooltip (and in
 * the details card).
 */
function ReasonCell(props: { text: string }) {
  if (!props.text) return null;
  return (
    <Tooltip title={props.text} placement="bottom-start">
      <span
        style={{
          display: '-webkit-box',
          WebkitBoxOrient: 'vertical',
          WebkitLineClamp: 2,
          overflow: 'hidden',
          overflowWrap: 'anywhere',
        }}
      >
        {props.text}
      </span>
    </Tooltip>
  );
}

const baseColumns: TableColumn<ChangeRow>[] = [
  {
    title: 'Submitted',
    field: 'createdAt',
    defaultSort: 'desc',
    render: row => formatTime(row.createdAt),
  },
  { title: 'Requester', field: 'requester' },
  { title: 'Entity', field: 'entity' },
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Reason',
    field: 'reason',
    cellStyle: { minWidth: 220, maxWidth: 360 },
    render: row => <ReasonCell text={row.reason} />,
  },
  { title: 'Objects', field: 'objects', cellStyle: { minWidth: 160 } },
];

const historyColumns: TableColumn<ChangeRow>[] = [
  ...baseColumns,
  {
    title: 'Decision',
    field: 'change.state',
    render: row => {
      const view = changeStateView[row.change.state];
      return (
        <StatusIcon state={view.state}>
          {view.label}
          {row.change.decidedBy ? ` by ${shortRef(row.change.decidedBy)}` : ''}
        </StatusIcon>
      );
    },
  },
];

/** A list of changes; selecting a row opens its details. */
export function ChangesTable(props: {
  title: string;
  changes?: ChangeListItem[];
  loading: boolean;
  error?: Error;
  history?: boolean;
  emptyText: string;
  onSelect: (change: ChangeListItem) => void;
}) {
  const { title, changes, loading, error, history, emptyText, onSelect } =
    props;
  if (error) {
    return (
      <ResponseErrorPanel
        title="Could not load changes from the traffic backend (is its approvals API deployed?)"
        error={error}
      />
    );
  }
  // A real button per row: row clicks are mouse-only (and material-table delays them).
  const reviewColumn: TableColumn<ChangeRow> = {
    title: '',
    sorting: false,
    render: row => (
      <Button
        size="small"
        variant="outlined"
        aria-label={`Review change ${row.id}`}
        onClick={() => onSelect(row.change)}
      >
        Review
      </Button>
    ),
  };
  const rows: ChangeRow[] = (changes ?? []).map(change => ({
    id: change.id,
    change,
    requester: shortRef(change.requestedBy),
    entity: shortRef(change.entityRef),
    cluster: change.cluster,
    reason: changeReason(change) ?? '',
    objects: formatObjects(change.objectRefs),
    createdAt: change.createdAt,
  }));
  return (
    <Table<ChangeRow>
      title={title}
      isLoading={loading}
      columns={[...(history ? historyColumns : baseColumns), reviewColumn]}
      data={rows}
      onRowClick={(_event, row) => row && onSelect(row.change)}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        padding: 'dense',
        draggable: false,
      }}
      emptyContent={<div style={{ padding: 16 }}>{emptyText}</div>}
    />
  );
}
