import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  Table,
  type InfoCardVariants,
  type TableColumn,
} from '@backstage/core-components';
import type {
  CertificateView,
  ClusterTraffic,
} from '@aks-traffic/backstage-plugin-traffic-common';
import { useEntityTraffic } from '../../hooks';
import { TrafficCardFrame } from '../shared/TrafficCardFrame';
import { StatusIcon } from '../shared/StatusIcon';
import { formatObjectName } from '../shared/objectRefs';
import {
  certificateStatus,
  expiryText,
  notSyncedExplanation,
  sourceText,
} from './certificateText';

const PAGE_SIZE = 10;

interface CertificateRow {
  id: string;
  cluster: string;
  certificate: CertificateView;
  listener: string;
  /** Sort key: most urgent first. */
  daysLeft: number;
}

function toCertificateRows(clusters: ClusterTraffic[]): CertificateRow[] {
  return clusters.flatMap(cluster =>
    cluster.certificates.map(certificate => ({
      id: `${cluster.cluster}/${formatObjectName(certificate.gatewayRef)}/${
        certificate.listenerName
      }/${formatObjectName(certificate.secretRef)}`,
      cluster: cluster.cluster,
      certificate,
      listener: `${formatObjectName(certificate.gatewayRef)} ${
        certificate.listenerName
      }`,
      daysLeft: certificate.daysLeft ?? -Infinity,
    })),
  );
}

function CertificateCell(props: { certificate: CertificateView }) {
  const { certificate } = props;
  const notSynced = notSyncedExplanation(certificate.source);
  return (
    <>
      <Typography variant="body2">
        <strong>
          {formatObjectName(certificate.gatewayRef)} ›{' '}
          {certificate.listenerName}
        </strong>
      </Typography>
      <Typography variant="caption" component="div" color="textSecondary">
        Secret {formatObjectName(certificate.secretRef)}
      </Typography>
      <Typography variant="caption" component="div">
        {sourceText(certificate.source)}
      </Typography>
      <Typography variant="caption" component="div">
        Issuer {certificate.issuer ?? 'unknown'}
        {certificate.subject ? ` · subject ${certificate.subject}` : ''}
      </Typography>
      <Typography variant="caption" component="div">
        <StatusIcon state={certificate.chain.state}>
          Chain: {certificate.chain.message}
        </StatusIcon>
      </Typography>
      {notSynced && !certificate.problem ? (
        <Typography variant="caption" component="div" color="error">
          {notSynced}
        </Typography>
      ) : null}
    </>
  );
}

function StatusCell(props: { certificate: CertificateView }) {
  const { certificate } = props;
  return (
    <>
      <StatusIcon state={certificateStatus(certificate)}>
        {expiryText(certificate)}
      </StatusIcon>
      {certificate.notAfter ? (
        <Typography variant="caption" component="div" color="textSecondary">
          Not after {certificate.notAfter.slice(0, 10)}
        </Typography>
      ) : null}
      {certificate.problem ? (
        <Typography variant="body2" component="div">
          {certificate.problem}
        </Typography>
      ) : null}
      {certificate.fix ? (
        <Typography variant="caption" component="div">
          <em>Fix: {certificate.fix}</em>
        </Typography>
      ) : null}
    </>
  );
}

function CoverageCell(props: { certificate: CertificateView }) {
  const { certificate } = props;
  if (certificate.covers.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No hostnames to check
      </Typography>
    );
  }
  return (
    <>
      {certificate.covers.map(coverage => {
        let state: 'ok' | 'warning' | 'error' = 'error';
        let note = 'not covered';
        if (coverage.covered && coverage.via === 'common-name') {
          state = 'warning';
          note = 'subject CN only; browsers require a SAN';
        } else if (coverage.covered) {
          state = 'ok';
          note = 'covered';
        }
        return (
          <Box key={coverage.hostname}>
            <StatusIcon state={state}>
              {coverage.hostname}: {note}
            </StatusIcon>
          </Box>
        );
      })}
    </>
  );
}

function certificateColumns(
  showCluster: boolean,
): TableColumn<CertificateRow>[] {
  const columns: TableColumn<CertificateRow>[] = [
    {
      title: 'Certificate',
      field: 'listener',
      width: '40%',
      render: row => <CertificateCell certificate={row.certificate} />,
    },
    {
      title: 'Expiry',
      field: 'daysLeft',
      width: '35%',
      defaultSort: 'asc',
      render: row => <StatusCell certificate={row.certificate} />,
    },
    {
      title: 'Hostnames',
      sorting: false,
      render: row => <CoverageCell certificate={row.certificate} />,
    },
  ];
  if (showCluster) {
    columns.push({ title: 'Cluster', field: 'cluster' });
  }
  return columns;
}

export interface TrafficCertificatesCardProps {
  variant?: InfoCardVariants;
}

/** TLS certificates of the listeners that serve the entity's routes: expiry, coverage, source, chain. */
export function TrafficCertificatesCard(props: TrafficCertificatesCardProps) {
  const traffic = useEntityTraffic();
  const rows = useMemo(
    () => toCertificateRows(traffic.answered),
    [traffic.answered],
  );
  const columns = useMemo(
    () => certificateColumns(traffic.showClusterColumn),
    [traffic.showClusterColumn],
  );
  const attention = rows.filter(row => row.certificate.state !== 'ok').length;

  return (
    <TrafficCardFrame
      title="TLS certificates"
      subheader={
        rows.length > 0
          ? `${rows.length} ${
              rows.length === 1 ? 'certificate' : 'certificates'
            }${attention ? `, ${attention} need attention` : ''}`
          : undefined
      }
      variant={props.variant}
      traffic={traffic}
    >
      {() => {
        if (traffic.answered.length === 0 && traffic.failed.length > 0) {
          return null;
        }
        if (rows.length === 0) {
          return (
            <EmptyState
              missing="data"
              title="No TLS certificates for this entity"
              description="Certificates appear when a route of this entity attaches to an HTTPS listener whose certificateRefs name a Secret, for example one synced from Azure Key Vault through a SecretProviderClass (template: HTTPS with TLS from Key Vault)."
            />
          );
        }
        return (
          <Table<CertificateRow>
            columns={columns}
            data={rows}
            options={{
              padding: 'dense',
              paging: rows.length > PAGE_SIZE,
              pageSize: PAGE_SIZE,
              search: false,
              toolbar: false,
              draggable: false,
            }}
          />
        );
      }}
    </TrafficCardFrame>
  );
}
