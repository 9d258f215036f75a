/**
 * log4j 1 configuration shared by every node; each JVM passes its own file in
 * -Dstreamforge.broker.log. Rolling keeps a long-lived dev cluster from filling the disk.
 */
export function renderLog4jProperties(): string {
  return [
    'log4j.rootLogger=INFO, file',
    'log4j.appender.file=org.apache.log4j.RollingFileAppender',
    'log4j.appender.file.File=${streamforge.broker.log}',
    'log4j.appender.file.MaxFileSize=50MB',
    'log4j.appender.file.MaxBackupIndex=2',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    'log4j.logger.kafka.authorizer.logger=WARN',
    'log4j.logger.org.apache.kafka.clients=WARN',
    '',
  ].join('\n');
}
