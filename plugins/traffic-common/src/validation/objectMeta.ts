/**
 * `metadata` checks the API server applies to every custom resource (ObjectMeta), kept simple:
 * name (DNS-1123 subdomain), namespace (DNS-1123 label), label and annotation keys and values.
 */
import { FieldError, childPath, fieldError, keyPath } from './fieldErrors';
import { isPlainObject } from './schemaTypes';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** The ObjectMeta fields the API server keeps; anything else in `metadata` is dropped on decode. */
export const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

function validateQualifiedName(
  path: string,
  key: string,
  errors: FieldError[],
) {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && !isDns1123Subdomain(prefix)) {
    errors.push(
      fieldError.invalid(path, key, `prefix part ${SUBDOMAIN_MESSAGE}`),
    );
  }
  if (name.length === 0)
    errors.push(fieldError.invalid(path, key, 'name part must be non-empty'));
  else if (name.length > 63)
    errors.push(
      fieldError.invalid(
        path,
        key,
        'name part must be no more than 63 characters',
      ),
    );
  else if (!QUALIFIED_NAME_PART.test(name))
    errors.push(fieldError.invalid(path, key, QUALIFIED_NAME_MESSAGE));
}

function validateStringMap(
  path: string,
  map: unknown,
  errors: FieldError[],
  validateValue?: (path: string, value: string) => void,
) {
  if (map === undefined || map === null) return;
  if (!isPlainObject(map)) {
    errors.push(
      fieldError.typeInvalid(
        path,
        map,
        'must be a map of string keys to string values',
      ),
    );
    return;
  }
  for (const [key, value] of Object.entries(map)) {
    validateQualifiedName(path, key, errors);
    if (typeof value !== 'string') {
      errors.push(
        fieldError.typeInvalid(
          keyPath(path, key),
          value,
          'must be of type string',
        ),
      );
    } else {
      validateValue?.(keyPath(path, key), value);
    }
  }
}

export function validateObjectMeta(
  metadata: unknown,
  options: { namespaced: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isPlainObject(metadata)) {
    return [
      fieldError.required('metadata.name', 'name or generateName is required'),
    ];
  }
  const { name, generateName, namespace } = metadata;
  if (name === undefined || name === '') {
    if (!generateName)
      errors.push(
        fieldError.required(
          'metadata.name',
          'name or generateName is required',
        ),
      );
  } else if (typeof name !== 'string') {
    errors.push(
      fieldError.typeInvalid('metadata.name', name, 'must be of type string'),
    );
  } else if (name.length > 253) {
    errors.push(
      fieldError.invalid(
        'metadata.name',
        name,
        'must be no more than 253 characters',
      ),
    );
  } else if (!DNS1123_SUBDOMAIN.test(name)) {
    errors.push(fieldError.invalid('metadata.name', name, SUBDOMAIN_MESSAGE));
  }
  if (options.namespaced && namespace !== undefined && namespace !== '') {
    if (
      typeof namespace !== 'string' ||
      namespace.length > 63 ||
      !DNS1123_LABEL.test(namespace)
    ) {
      errors.push(
        fieldError.invalid('metadata.namespace', namespace, LABEL_MESSAGE),
      );
    }
  }
  validateStringMap(
    childPath('metadata', 'labels'),
    metadata.labels,
    errors,
    (path, value) => {
      if (value.length > 63)
        errors.push(
          fieldError.invalid(path, value, 'must be no more than 63 characters'),
        );
      else if (!LABEL_VALUE.test(value))
        errors.push(fieldError.invalid(path, value, LABEL_VALUE_MESSAGE));
    },
  );
  validateStringMap(
    childPath('metadata', 'annotations'),
    metadata.annotations,
    errors,
  );
  return errors;
}
