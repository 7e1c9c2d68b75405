"""disallow-plaintext-secrets: data, analytics and ML platform config kept in ConfigMaps, each file as
its project documents it: Superset, Metabase, Jupyter and JupyterHub, MLflow, Hive and Hadoop, Trino,
dbt, Great Expectations, Kafka Connect and Debezium, Flink, Redash, OpenSearch, Label Studio, Kubeflow
Pipelines, Airbyte and Dagster. A secret written in them is reported; a reference to one (an
environment lookup, a config provider, a file path), a hash or a name of where secrets are kept is not."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

SALTED_SHA1 = "sha1:3b2d5e5c2a4f:9c1f5d3d4b7a8e2f1c0d9e8b7a6f5e4d3c2b1a09"
"""What Jupyter's ``passwd()`` writes: the algorithm, a 12-hex-digit salt, the hex digest (SHA-1's 40)."""

CAUGHT = [
    # (key, text, the setting the message names)
    ("superset_config.py", f"import os\nSECRET_KEY = '{FAKE}'\n", "SECRET_KEY"),
    ("superset_config.py", f"SQLALCHEMY_DATABASE_URI = 'postgresql+psycopg2://superset:{FAKE}@db:5432/superset'\n", "URL with a password"),
    ("superset_config.py", f'CACHE_CONFIG = {{\n    "CACHE_TYPE": "RedisCache",\n    "CACHE_REDIS_URL": "redis://:{FAKE}@redis:6379/1",\n}}\n', "URL with a password"),
    ("superset_config.py", f'OAUTH_PROVIDERS = [\n    {{\n        "name": "keycloak",\n        "remote_app": {{\n            "client_id": "superset",\n            "client_secret": "{FAKE}",\n        }},\n    }}\n]\n', "client_secret"),
    ("metabase.env", f"MB_DB_TYPE=postgres\nMB_DB_USER=metabase\nMB_DB_PASS={FAKE}\nMB_DB_HOST=postgres\n", "MB_DB_PASS"),
    ("metabase.env", f"MB_ENCRYPTION_SECRET_KEY={FAKE}\n", "MB_ENCRYPTION_SECRET_KEY"),
    ("jupyter_server_config.py", f"c = get_config()\nc.ServerApp.token = '{FAKE}'\n", "c.ServerApp.token"),
    ("jupyter_notebook_config.py", f"c.NotebookApp.token = '{FAKE}'\n", "c.NotebookApp.token"),
    ("jupyter_notebook_config.py", f"c.NotebookApp.password = 'sha1:3b2d5e5c2a4f:{FAKE}'\n", "c.NotebookApp.password"),
    ("jupyterhub_config.py", f"c.JupyterHub.cookie_secret = b'{FAKE}'\n", "c.JupyterHub.cookie_secret"),
    ("jupyterhub_config.py", f"c.JupyterHub.authenticator_class = 'dummy'\nc.DummyAuthenticator.password = '{FAKE}'\n", "c.DummyAuthenticator.password"),
    ("jupyterhub_config.py", f"c.ConfigurableHTTPProxy.auth_token = '{FAKE}'\n", "c.ConfigurableHTTPProxy.auth_token"),
    ("jupyterhub_config.py", f"c.JupyterHub.services = [\n    {{\n        'name': 'idle-culler',\n        'api_token': '{FAKE}',\n    }}\n]\n", "api_token"),
    ("mlflow.env", f"MLFLOW_TRACKING_URI=https://mlflow.example.org\nMLFLOW_TRACKING_USERNAME=admin\nMLFLOW_TRACKING_PASSWORD={FAKE}\n", "MLFLOW_TRACKING_PASSWORD"),
    ("start.sh", f"mlflow server --backend-store-uri postgresql://mlflow:{FAKE}@db:5432/mlflow --host 0.0.0.0\n", "password"),
    ("basic_auth.ini", f"[mlflow]\ndefault_permission = READ\nadmin_username = admin\nadmin_password = {FAKE}\n", "admin_password"),
    ("hive-site.xml", f"<configuration>\n  <property>\n    <name>javax.jdo.option.ConnectionPassword</name>\n    <value>{FAKE}</value>\n  </property>\n</configuration>\n", "javax.jdo.option.ConnectionPassword"),
    ("core-site.xml", f"<configuration>\n  <property>\n    <name>fs.s3a.secret.key</name>\n    <value>{FAKE}</value>\n  </property>\n</configuration>\n", "fs.s3a.secret.key"),
    ("postgresql.properties", f"connector.name=postgresql\nconnection-url=jdbc:postgresql://db:5432/trials\nconnection-user=trino\nconnection-password={FAKE}\n", "connection-password"),
    ("iceberg.properties", f"connector.name=iceberg\niceberg.rest-catalog.oauth2.credential=client:{FAKE}\n", "iceberg.rest-catalog.oauth2.credential"),
    ("profiles.yml", f"trials:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: db\n      user: dbt\n      password: {FAKE}\n      dbname: trials\n", "password"),
    ("config_variables.yml", f"my_postgres_db_yaml_creds:\n  drivername: postgresql\n  host: db\n  port: 5432\n  username: gx\n  password: {FAKE}\n  database: analytics\n", "sets \"password\""),
    ("connector.json", f'{{\n  "name": "jdbc-sink",\n  "config": {{\n    "connection.url": "jdbc:postgresql://db:5432/warehouse",\n    "connection.user": "connect",\n    "connection.password": "{FAKE}"\n  }}\n}}\n', "connection.password"),
    ("debezium.json", f'{{\n  "name": "inventory",\n  "config": {{\n    "database.user": "postgres",\n    "database.password": "{FAKE}"\n  }}\n}}\n', "database.password"),
    ("flink-conf.yaml", f"jobmanager.rpc.address: jobmanager\ns3.secret-key: {FAKE}\n", "s3.secret-key"),
    ("redash.env", f"REDASH_REDIS_URL=redis://redis:6379/0\nREDASH_COOKIE_SECRET={FAKE}\n", "REDASH_COOKIE_SECRET"),
    ("opensearch_dashboards.yml", f"opensearch.username: kibanaserver\nopensearch.password: {FAKE}\n", "opensearch.password"),
    ("label-studio.env", f"POSTGRE_USER=postgres\nPOSTGRE_PASSWORD={FAKE}\nPOSTGRE_HOST=db\n", "POSTGRE_PASSWORD"),
    ("config.json", f'{{\n  "ObjectStoreConfig": {{"AccessKey": "minio", "SecretAccessKey": "{FAKE}", "BucketName": "mlpipeline"}}\n}}\n', "SecretAccessKey"),
    (".env", f"DATABASE_USER=docker\nDATABASE_PASSWORD={FAKE}\nDATABASE_HOST=db\n", "DATABASE_PASSWORD"),
    ("dagster.yaml", f"storage:\n  postgres:\n    postgres_db:\n      username: dagster\n      password: {FAKE}\n      hostname: postgres\n", "password"),
    ("dagster.yaml", f"storage:\n  postgres:\n    postgres_url: postgresql://dagster:{FAKE}@postgres:5432/dagster\n", "URL with a password"),
]


@pytest.mark.parametrize(("key", "text", "name"), CAUGHT, ids=[f"{k}:{n}" for k, _, n in CAUGHT])
def test_a_secret_written_in_a_platform_config_is_reported(key: str, text: str, name: str) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1, messages
    assert name in messages[0], messages


HARMLESS = [
    ("superset_config.py", "import os\nSECRET_KEY = os.environ['SUPERSET_SECRET_KEY']\nDATABASE_PASSWORD = os.getenv('DATABASE_PASSWORD')\nSQLALCHEMY_DATABASE_URI = f'postgresql://{DATABASE_USER}:{DATABASE_PASSWORD}@{DATABASE_HOST}/superset'\n"),
    ("jupyter_server_config.py", "import os\nc = get_config()\nc.ServerApp.token = os.environ.get('JUPYTER_TOKEN', '')\nc.ServerApp.password = ''\n"),
    ("jupyter_server_config.py", "c.PasswordIdentityProvider.hashed_password = 'argon2:$argon2id$v=19$m=10240,t=10,p=8$kT2x5rUlQgTQi3XCgmQRJg$1bNt3o2lD0hHyUSoKuE5Dg'\n"),
    ("jupyter_notebook_config.py", f"c.NotebookApp.password = '{SALTED_SHA1}'\n"),
    ("jupyter_notebook_config.py", f"c.NotebookApp.password = u'{SALTED_SHA1}'\n"),
    ("jupyter_server_config.py", "c.PasswordIdentityProvider.hashed_password = 'sha256:0a1b2c3d4e5f:da92cdf6a56042e56a3893f9361d1cc88559dd416cf68a3226640e6b701c6024'\n"),
    ("jupyterhub_config.py", "c.JupyterHub.cookie_secret_file = '/srv/jupyterhub/jupyterhub_cookie_secret'\nc.ConfigurableHTTPProxy.auth_token = os.environ['CONFIGPROXY_AUTH_TOKEN']\nc.JupyterHub.db_url = 'postgresql://jhub@db:5432/jupyterhub'\n"),
    ("start.sh", 'mlflow server --backend-store-uri "postgresql://mlflow:${DB_PASSWORD}@db:5432/mlflow" --default-artifact-root s3://mlflow/\n'),
    ("core-site.xml", "<configuration>\n  <property>\n    <name>hadoop.security.credential.provider.path</name>\n    <value>jceks://hdfs@nn1.example.com:9001/user/backup/s3.jceks</value>\n  </property>\n  <property>\n    <name>hadoop.security.group.mapping.ldap.bind.password.file</name>\n    <value>/etc/hadoop/ldap-password</value>\n  </property>\n</configuration>\n"),
    ("postgresql.properties", "connector.name=postgresql\nconnection-user=${ENV:PG_USER}\nconnection-password=${ENV:PG_PASSWORD}\n"),
    ("profiles.yml", "trials:\n  outputs:\n    dev:\n      type: postgres\n      user: \"{{ env_var('DBT_USER') }}\"\n      password: \"{{ env_var('DBT_PASSWORD') }}\"\n    snow:\n      type: snowflake\n      private_key_path: /secrets/rsa_key.p8\n      private_key_passphrase: \"{{ env_var('DBT_PRIVATE_KEY_PASSPHRASE') }}\"\n"),
    ("great_expectations.yml", "datasources:\n  my_postgres:\n    execution_engine:\n      credentials: ${my_postgres_db_yaml_creds}\n      connection_string: postgresql+psycopg2://gx:${MY_DB_PW}@db:5432/analytics\nconfig_variables_file_path: uncommitted/config_variables.yml\n"),
    (".env", "SECRET_PERSISTENCE=GOOGLE_SECRET_MANAGER\nSECRET_STORE_GCP_CREDENTIALS=\nDATABASE_URL=jdbc:postgresql://db:5432/airbyte\n"),
    (".env", "SECRET_PERSISTENCE=TESTING_CONFIG_DB_TABLE\n"),
    (".env", "SECRET_PERSISTENCE=GOOGLE_SECRET_MANAGER\nSECRET_STORE_GCP_PROJECT_ID=trials-prod\nSECRET_STORE_GCP_CREDENTIALS=\n"),
    ("application.yaml", "airbyte:\n  secret-persistence: vault\n"),
    ("config_variables.yml", "my_postgres_db_yaml_creds:\n  drivername: postgresql\n  host: db\n  port: 5432\n  username: gx\n  password: ${GX_DB_PASSWORD}\n  database: analytics\n"),
    ("connector.json", '{\n  "name": "jdbc-sink",\n  "config": {\n    "connection.user": "${file:/opt/kafka/secrets/db.properties:user}",\n    "connection.password": "${file:/opt/kafka/secrets/db.properties:password}",\n    "aws.secret.access.key": "${env:AWS_SECRET_ACCESS_KEY}",\n    "database.password": "${directory:/mnt/secrets:dbpassword}"\n  }\n}\n'),
    ("application.properties", "debezium.source.database.password=${POSTGRES_PASSWORD}\ndebezium.sink.redis.password=${REDIS_PASSWORD:}\n"),
    ("flink-conf.yaml", "s3.access-key: ${AWS_ACCESS_KEY_ID}\ns3.secret-key: ${AWS_SECRET_ACCESS_KEY}\n"),
    ("internal_users.yml", '_meta:\n  type: "internalusers"\n  config_version: 2\nadmin:\n  hash: "$2y$12$VcCDgh2NDk07JGN0rjGbM.Ad41qVR/YFJcgHp0UGns5JDymv..TOG"\n  reserved: true\n'),
    ("artifact-repositories", 's3:\n  endpoint: "minio-service.kubeflow:9000"\n  bucket: "mlpipeline"\n  accessKeySecret:\n    name: mlpipeline-minio-artifact\n    key: accesskey\n  secretKeySecret:\n    name: mlpipeline-minio-artifact\n    key: secretkey\n'),
    ("dagster.yaml", "storage:\n  postgres:\n    postgres_db:\n      username:\n        env: DAGSTER_PG_USERNAME\n      password:\n        env: DAGSTER_PG_PASSWORD\n      hostname:\n        env: DAGSTER_PG_HOST\n"),
]


@pytest.mark.parametrize(("key", "text"), HARMLESS, ids=[f"{k}:{i}" for i, (k, _) in enumerate(HARMLESS)])
def test_a_reference_or_hash_in_a_platform_config_is_no_finding(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    "value",
    [
        "sha1:3b2d5e5c2a4f:9c1f5d3d4b7a8e2f1c0d9e8b7a6f5e4d3c2b1a",  # a digest cut short
        "sha1:3b2d5e5c:9c1f5d3d4b7a8e2f1c0d9e8b7a6f5e4d3c2b1a09",  # a salt of 8 digits
        "sha256:3b2d5e5c2a4f:9c1f5d3d4b7a8e2f1c0d9e8b7a6f5e4d3c2b1a09",  # SHA-1's length under sha256
        "sha1:3b2d5e5c2a4f:9C1F5D3D4B7A8E2F1C0D9E8B7A6F5E4D3C2B1A09",  # hexdigest() writes lower case
    ],
)
def test_a_value_not_shaped_as_a_jupyter_hash_is_still_reported(value: str) -> None:
    messages = configmap_messages("jupyter_notebook_config.py", f"c.NotebookApp.password = '{value}'\n", value)
    assert len(messages) == 1 and "c.NotebookApp.password" in messages[0], messages


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        (".env", f"SECRET_PERSISTENCE=GOOGLE_SECRET_MANAGER\nVAULT_AUTH_TOKEN={FAKE}\n", "VAULT_AUTH_TOKEN"),
        (".env", f"SECRET_PERSISTENCE_PASSWORD={FAKE}\n", "SECRET_PERSISTENCE_PASSWORD"),
        (".env", f"SECRET_STORE_GCP_PROJECT_ID=trials-prod\nSECRET_STORE_GCP_CREDENTIALS={FAKE}\n", "SECRET_STORE_GCP_CREDENTIALS"),
        (".env", f"SECRET_STORE_GCP_PROJECT_ID_TOKEN={FAKE}\n", "SECRET_STORE_GCP_PROJECT_ID_TOKEN"),
        ("config_variables.yml", f"warehouse_creds:\n  drivername: postgresql\n  database: trials\n  token: {FAKE}\n", "sets \"token\""),
    ],
)
def test_a_secret_beside_where_secrets_are_kept_is_still_reported(key: str, text: str, name: str) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and name in messages[0], messages
